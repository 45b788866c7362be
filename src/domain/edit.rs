//! Edits as commands with their old and new values, and the undo stack that
//! moves a cursor over them (a new edit drops the redo tail).

use super::{Field, FieldValue, Kind};

/// One cell's change.
#[derive(Clone, Debug, PartialEq)]
pub struct CellChange {
    pub observation_id: i64,
    pub field: Field,
    pub old: FieldValue,
    pub new: FieldValue,
}

/// An observation as it stood, to delete it and bring it back with the same id.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservationSnapshot {
    pub id: i64,
    pub indicator_id: i64,
    pub agency_id: i64,
    pub period: String,
    /// In the order of [`Field::ALL`].
    pub fields: [FieldValue; 6],
    pub batch_id: Option<i64>,
    pub source_line: Option<i64>,
}

/// Something the user did to the figures, which undo reverses.
#[derive(Clone, Debug, PartialEq)]
pub enum EditCommand {
    /// Cells changed (a typed edit, or a pasted block).
    SetCells(Vec<CellChange>),
    /// Rows added.
    Insert(Vec<ObservationSnapshot>),
    /// Rows deleted.
    Delete(Vec<ObservationSnapshot>),
}

impl EditCommand {
    /// The command that undoes this one.
    pub fn inverse(&self) -> EditCommand {
        match self {
            EditCommand::SetCells(changes) => EditCommand::SetCells(
                changes
                    .iter()
                    .map(|change| CellChange {
                        observation_id: change.observation_id,
                        field: change.field,
                        old: change.new.clone(),
                        new: change.old.clone(),
                    })
                    .collect(),
            ),
            EditCommand::Insert(rows) => EditCommand::Delete(rows.clone()),
            EditCommand::Delete(rows) => EditCommand::Insert(rows.clone()),
        }
    }
}

/// Done commands and a cursor: undo steps back, redo steps forward, a new
/// command drops whatever could have been redone.
#[derive(Debug, Default)]
pub struct UndoStack {
    commands: Vec<EditCommand>,
    cursor: usize,
}

impl UndoStack {
    /// Records a command that was just applied.
    pub fn push(&mut self, command: EditCommand) {
        self.commands.truncate(self.cursor);
        self.commands.push(command);
        self.cursor = self.commands.len();
    }

    /// The command to apply to undo the last one, moving the cursor back.
    pub fn undo(&mut self) -> Option<EditCommand> {
        if self.cursor == 0 {
            return None;
        }
        self.cursor -= 1;
        Some(self.commands[self.cursor].inverse())
    }

    /// The command to apply again, moving the cursor forward.
    pub fn redo(&mut self) -> Option<EditCommand> {
        let command = self.commands.get(self.cursor)?.clone();
        self.cursor += 1;
        Some(command)
    }

    /// Puts the cursor back after a failed undo or redo.
    pub fn revert_undo(&mut self) {
        self.cursor = (self.cursor + 1).min(self.commands.len());
    }

    pub fn revert_redo(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.commands.len()
    }

    pub fn clear(&mut self) {
        self.commands.clear();
        self.cursor = 0;
    }
}

/// Checks a number typed into a cell against the indicator's kind and the
/// other figures of the row; the error says why in English.
pub fn validate_number(
    kind: Kind,
    field: Field,
    value: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
) -> Result<(), EditProblem> {
    if !value.is_finite() {
        return Err(EditProblem::NotANumber);
    }
    match field {
        Field::Value | Field::Target => match kind {
            Kind::Rate if !(0.0..=100.0).contains(&value) => {
                return Err(EditProblem::RateOutOfRange);
            }
            Kind::Count if value < 0.0 || value.fract() != 0.0 => {
                return Err(EditProblem::CountNotWhole);
            }
            _ => {}
        },
        Field::Numerator | Field::Denominator => {
            if value < 0.0 || (kind != Kind::Amount && value.fract() != 0.0) {
                return Err(EditProblem::CountNotWhole);
            }
            let (numerator, denominator) = if field == Field::Numerator {
                (Some(value), denominator)
            } else {
                (numerator, Some(value))
            };
            if let (Some(numerator), Some(denominator)) = (numerator, denominator)
                && numerator > denominator
            {
                return Err(EditProblem::NumeratorOverDenominator);
            }
        }
        Field::Qualifier | Field::Note => {}
    }
    Ok(())
}

/// Why a typed figure was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditProblem {
    NotANumber,
    RateOutOfRange,
    CountNotWhole,
    NumeratorOverDenominator,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(id: i64, old: f64, new: f64) -> EditCommand {
        EditCommand::SetCells(vec![CellChange {
            observation_id: id,
            field: Field::Value,
            old: FieldValue::Number(old),
            new: FieldValue::Number(new),
        }])
    }

    #[test]
    fn undo_and_redo_move_a_cursor() {
        let mut stack = UndoStack::default();
        stack.push(set(1, 1.0, 2.0));
        stack.push(set(1, 2.0, 3.0));
        assert_eq!(stack.undo(), Some(set(1, 3.0, 2.0)));
        assert_eq!(stack.undo(), Some(set(1, 2.0, 1.0)));
        assert_eq!(stack.undo(), None);
        assert_eq!(stack.redo(), Some(set(1, 1.0, 2.0)));
        // A new edit drops the redo tail.
        stack.push(set(1, 2.0, 9.0));
        assert!(!stack.can_redo());
        assert_eq!(stack.undo(), Some(set(1, 9.0, 2.0)));
    }

    #[test]
    fn typed_figures_are_validated() {
        assert_eq!(
            validate_number(Kind::Rate, Field::Value, 46.8, None, None),
            Ok(())
        );
        assert_eq!(
            validate_number(Kind::Rate, Field::Value, 146.8, None, None),
            Err(EditProblem::RateOutOfRange)
        );
        assert_eq!(
            validate_number(Kind::Count, Field::Value, 3.5, None, None),
            Err(EditProblem::CountNotWhole)
        );
        assert_eq!(
            validate_number(Kind::Count, Field::Numerator, 29.0, None, Some(28.0)),
            Err(EditProblem::NumeratorOverDenominator)
        );
        assert_eq!(
            validate_number(Kind::Amount, Field::Value, -3.5, None, None),
            Ok(())
        );
    }
}
