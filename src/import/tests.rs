//! Tests of the import engine.
