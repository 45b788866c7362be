use chiso::import::{self, ImportOptions, ReadEvent};
use std::ops::ControlFlow;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let db = std::env::args().nth(2).unwrap();
    let path = std::path::Path::new(&path);
    let options = ImportOptions::default();
    let detection = import::detect(path, &options).unwrap();
    let mut records = Vec::new();
    import::read_records(path, &detection, &options, &mut |event| {
        if let ReadEvent::Record(r) = event {
            records.push(r);
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    let mut store = chiso::store::Store::open(std::path::Path::new(&db)).unwrap();
    let info = chiso::store::BatchInfo::default();
    let t = Instant::now();
    let mut session = store.begin_import(&info).unwrap();
    for r in &records {
        session.upsert(r).unwrap();
    }
    let load = t.elapsed();
    session.finalize().unwrap();
    let index = t.elapsed();
    session.finish(true).unwrap();
    println!(
        "load {:?} index {:?} commit {:?}",
        load,
        index - load,
        t.elapsed() - index
    );
}
