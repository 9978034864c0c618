//! The copy knows every table and column the migrations create.

use super::*;

#[tokio::test]
async fn every_table_of_the_schema_is_known_to_the_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = Db::open(&url).await.expect("db opens");
    let mut unknown = Vec::new();
    for table in tables(&db).await.expect("listed") {
        if OWN.contains(&table.as_str()) {
            continue;
        }
        let Some((_, known)) = TABLES.iter().find(|(t, _)| *t == table) else {
            unknown.push(table);
            continue;
        };
        for column in columns(&db, &table).await.expect("listed") {
            if !known.iter().any(|(c, _)| *c == column) {
                unknown.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(unknown.is_empty(), "add these to TABLES: {unknown:?}");
}
