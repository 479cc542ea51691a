//! The database as text, to prove a request changed nothing.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::helpers::TestApp;

#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = Text)]
    v: String,
}

/// Every row of every table but the sessions store and the record of
/// access, as text. (Opening a page to take its form's token appends to the
/// record of access; `access_lines` counts those lines.)
pub fn fingerprint(app: &TestApp) -> String {
    let mut conn = app.pool.get().unwrap();
    let tables: Vec<Cell> = diesel::sql_query(
        "SELECT name AS v FROM sqlite_master WHERE type = 'table' \
         AND name NOT IN ('web_sessions', '__diesel_schema_migrations', 'access_records') \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .load(&mut conn)
    .unwrap();
    let mut all = String::new();
    for table in tables {
        let columns: Vec<Cell> = diesel::sql_query(format!(
            "SELECT name AS v FROM pragma_table_info('{}') ORDER BY cid",
            table.v
        ))
        .load(&mut conn)
        .unwrap();
        let list = columns
            .iter()
            .map(|c| format!("\"{}\"", c.v))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<Cell> = diesel::sql_query(format!(
            "SELECT coalesce(json_group_array(json_array({list})), '[]') AS v \
             FROM (SELECT * FROM \"{}\" ORDER BY rowid)",
            table.v
        ))
        .load(&mut conn)
        .unwrap();
        all.push_str(&format!("{}={}\n", table.v, rows[0].v));
    }
    all
}

/// How many lines the record of access holds.
pub fn access_lines(app: &TestApp) -> i64 {
    use bridgework::schema::access_records;
    access_records::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap()
}
