//! The SQLite store: one table per resource (columns from `schema.rs`), plus side tables for
//! list fields, custom fields and attachments. Every statement is parameterised; the only
//! identifiers spliced into SQL are column and table names from pmp-core's static tables.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use pmp_core::{input_fields, FieldKind, Resource, UniqueInYear};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::crm::{self, Initial};
use crate::input::{Input, LINE_COLUMNS};
use crate::profile::Module;
use crate::schema::{columns, table};

/// A database failure; the sandbox answers it as a server error (it is never the client's).
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("database: {e}"))
    }
}

/// The result of an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// Some value changed.
    Changed,
    /// The row exists but every value sent equals the stored one.
    Unchanged,
    /// No such row.
    Missing,
}

/// The sandbox's database. One connection, behind a mutex: SQLite serialises writers anyway,
/// and `:memory:` databases exist per connection.
pub struct Store {
    conn: Mutex<Connection>,
    module: Module,
    /// Whether the database had no tables before this open created them.
    new: bool,
    /// Every 3.x list counts its rows: the counts of the database as it was at a `Mark`.
    counts: Mutex<(Mark, HashMap<Resource, u64>)>,
}

/// A row as it is stored: its resource and its `(column, value)` pairs ([`Store::insert_as_stored`]).
pub(crate) type StoredRow = (Resource, Vec<(&'static str, Value)>);

/// Where the database stands: this connection's changes (`total_changes`) and other
/// connections' commits (`PRAGMA data_version`). Any write moves it.
type Mark = (u64, i64);

/// One page of a 3.x list: the order, the date filter and the rows wanted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// Columns to sort by (`true`: descending), after which rows keep the order they were added.
    pub sort: Vec<(&'static str, bool)>,
    /// Rows created at or after this `yyyy-mm-dd[ hh:mm:ss]`.
    pub created_after: Option<String>,
    /// Rows created at or before it.
    pub created_before: Option<String>,
    /// How many rows.
    pub limit: u64,
    /// How many to skip.
    pub offset: u64,
}

impl Store {
    /// Opens (or creates) the database at `path` (`:memory:` for a private in-memory one) for
    /// a profile's new rows (which columns start null), creating the schema when missing. A
    /// new database holds no rows: `seed.rs` fills it ([`Store::is_new`] tells).
    pub fn open(path: &str, module: Module) -> Result<Store, StoreError> {
        let conn =
            Connection::open(path).map_err(|e| StoreError(format!("cannot open database `{path}`: {e}")))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if path != ":memory:" {
            // WAL keeps each write to one sync; readers of another process do not block it.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let is_new: bool = conn.query_row(
            "SELECT COUNT(*) = 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table(Resource::ALL[0])],
            |r| r.get(0),
        )?;
        create_schema(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            module,
            new: is_new,
            counts: Mutex::new(((0, 0), HashMap::new())),
        })
    }

    /// Whether the database had no tables before [`Store::open`] created them.
    pub fn is_new(&self) -> bool {
        self.new
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written row (every write is one
        // transaction), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds rows exactly as given (columns of `schema.rs`, no defaults, no side values), in
    /// one transaction: `seed.json`'s records, stored as the recordings show them. A value
    /// that is neither a string nor null is stored as its JSON text.
    pub(crate) fn insert_as_stored(&self, rows: Vec<StoredRow>) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (resource, row) in rows {
            let (names, values): (Vec<&str>, Vec<SqlValue>) = row
                .into_iter()
                .map(|(name, value)| {
                    let value = match value {
                        Value::Null => SqlValue::Null,
                        Value::String(s) => SqlValue::Text(s),
                        other => SqlValue::Text(other.to_string()),
                    };
                    (name, value)
                })
                .unzip();
            insert_row(&tx, resource, &names, values)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every row of a resource, in the order they were added.
    pub fn list(&self, resource: Resource) -> Result<Vec<Value>, StoreError> {
        select(&self.conn(), resource, "1 = 1", &[])
    }

    /// One row, if it exists.
    pub fn get(&self, resource: Resource, id: i64) -> Result<Option<Value>, StoreError> {
        get(&self.conn(), resource, id)
    }

    /// The rows a search for `keyword` finds (`%` and `_` match themselves): `crm.rs`'s
    /// `search` says which columns it matches.
    pub fn search(&self, resource: Resource, keyword: &str) -> Result<Vec<Value>, StoreError> {
        let pattern = format!("%{}%", escape_like(keyword));
        let matches = crm::of(resource).search;
        let mut parts = Vec::new();
        if matches.every_column {
            parts.extend(
                columns(resource)
                    .iter()
                    .map(|c| format!("CAST(\"{c}\" AS TEXT) LIKE ?1 ESCAPE '\\'")),
            );
        }
        if !matches.also.is_empty() {
            parts.push(matches.also.to_owned());
        }
        let clause = parts.join(" OR ");
        select(&self.conn(), resource, &clause, &[SqlValue::Text(pattern)])
    }

    /// The rows of a child resource whose parent (`crm.rs`'s `parent`) has the id `parent`.
    pub fn children(&self, resource: Resource, parent: i64) -> Result<Vec<Value>, StoreError> {
        let Some(key) = crm::of(resource).parent else {
            return Ok(Vec::new());
        };
        let clause = format!("\"{}\" = ?1", key.column);
        select(&self.conn(), resource, &clause, &[SqlValue::Integer(parent)])
    }

    /// Adds a row; returns its id.
    pub fn insert(&self, resource: Resource, input: &Input) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let id = self.insert_in(&tx, resource, input)?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds rows in one transaction (seeding).
    pub fn insert_many(&self, resource: Resource, inputs: &[Input]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for input in inputs {
            self.insert_in(&tx, resource, input)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn insert_in(&self, tx: &Connection, resource: Resource, input: &Input) -> Result<i64, StoreError> {
        let (now, today) = crate::clock::now();
        let mut names: Vec<&'static str> = Vec::new();
        let mut values: Vec<SqlValue> = Vec::new();
        let crm = crm::of(resource);
        for (field, column, modules) in crm.unset_without {
            if modules.contains(&self.module) && !input.columns.iter().any(|(n, _)| n == field) {
                names.push(column);
                values.push(SqlValue::Null);
            }
        }
        for (name, value) in stored_columns(resource, input)? {
            names.push(name);
            values.push(SqlValue::Text(value));
        }
        for (name, default) in crm.defaults {
            if names.contains(name) {
                continue;
            }
            names.push(name);
            values.push(SqlValue::Text(match default {
                Initial::Text(t) => (*t).to_owned(),
                Initial::Now => now.clone(),
                Initial::Today => today.clone(),
                Initial::Key => crate::clock::random_hex(),
                Initial::Hash => format!("{}-{}", crate::clock::random_hex(), crate::clock::random_hex()),
            }));
        }
        let nulls: Vec<&str> = crm.null_on(self.module).collect();
        for column in crm.columns.iter().skip(1) {
            if !names.contains(column) && !nulls.contains(column) {
                names.push(column);
                values.push(SqlValue::Text(String::new()));
            }
        }
        let id = insert_row(tx, resource, &names, values)?;
        write_side_values(tx, resource, id, input, &now)?;
        Ok(id)
    }

    /// How many rows a resource has, with the 3.x date filter of `query`.
    pub fn count(&self, resource: Resource, query: &PageQuery) -> Result<u64, StoreError> {
        let (clause, args) = created_clause(resource, query);
        let sql = format!("SELECT COUNT(*) FROM \"{}\" WHERE {clause}", table(resource));
        let conn = self.conn();
        let counted = |conn: &Connection| -> Result<u64, StoreError> {
            let n: i64 = conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        if !args.is_empty() {
            return counted(&conn);
        }
        let version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let mark = (conn.total_changes(), version);
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.0 != mark {
            *counts = (mark, HashMap::new());
        }
        if let Some(n) = counts.1.get(&resource) {
            return Ok(*n);
        }
        let n = counted(&conn)?;
        counts.1.insert(resource, n);
        Ok(n)
    }

    /// One page of a resource's rows (3.x lists).
    pub fn page(&self, resource: Resource, query: &PageQuery) -> Result<Vec<Value>, StoreError> {
        let (clause, mut args) = created_clause(resource, query);
        let mut order: Vec<String> = query
            .sort
            .iter()
            .map(|(c, desc)| format!("\"{c}\" {}", if *desc { "DESC" } else { "ASC" }))
            .collect();
        order.push(list_order(resource).to_owned());
        // Bound, not spliced: every page of a list is then one cached statement.
        let tail = format!(
            "ORDER BY {} LIMIT ?{} OFFSET ?{}",
            order.join(", "),
            args.len() + 1,
            args.len() + 2
        );
        args.push(SqlValue::Integer(query.limit.min(i64::MAX as u64) as i64));
        args.push(SqlValue::Integer(query.offset.min(i64::MAX as u64) as i64));
        select_ordered(&self.conn(), resource, &clause, &args, &tail)
    }

    /// Changes the columns and lists sent; reports whether anything changed.
    pub fn update(&self, resource: Resource, id: i64, input: &Input) -> Result<Updated, StoreError> {
        // One lock for the read and the write: no other request changes the row in between.
        let mut conn = self.conn();
        let Some(Value::Object(current)) = get(&conn, resource, id)? else {
            return Ok(Updated::Missing);
        };
        // A hashed column is unchanged when the value sent is the one hashed (a new salt
        // alone changes nothing).
        let hashed = crm::of(resource).hashed;
        let same_secret = |name: &str| {
            let sent = input
                .columns
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.trim());
            let hash = current.get(name).and_then(Value::as_str);
            matches!((sent, hash), (Some(sent), Some(hash)) if bcrypt::verify(sent, hash).unwrap_or(false))
        };
        let stored = stored_columns(resource, input)?;
        let changed_columns: Vec<&(&'static str, String)> = stored
            .iter()
            .filter(|(name, value)| current.get(*name).and_then(Value::as_str) != Some(value.as_str()))
            .filter(|(name, _)| !hashed.contains(name) || !same_secret(name))
            .collect();
        let changed_lists = input.lists.iter().any(|(name, items)| {
            let stored: Vec<&str> = current
                .get(*name)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            stored != items.iter().map(String::as_str).collect::<Vec<_>>()
        });
        let changed_custom = input.custom.iter().any(|((fieldto, field_id), value)| {
            let stored = current
                .get("custom_fields")
                .and_then(|c| c.get(fieldto))
                .and_then(|m| m.get(field_id));
            stored.and_then(Value::as_str) != Some(value.as_str())
        });
        let lines_sent = !input.lines.is_empty() || !input.removed_lines.is_empty();
        let others_changed = !changed_columns.is_empty() || changed_lists || changed_custom;
        if !others_changed && !lines_sent {
            return Ok(Updated::Unchanged);
        }
        let tx = conn.transaction()?;
        if !changed_columns.is_empty() {
            let sets = changed_columns
                .iter()
                .enumerate()
                .map(|(i, (name, _))| format!("\"{name}\" = ?{}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "UPDATE \"{}\" SET {sets} WHERE \"{}\" = ?1",
                table(resource),
                resource.id_field()
            );
            let mut args = vec![SqlValue::Integer(id)];
            let blank_is_null = crm::of(resource).blank_is_null;
            args.extend(changed_columns.iter().map(|(name, v)| {
                if v.is_empty() && blank_is_null.contains(name) {
                    SqlValue::Null
                } else {
                    SqlValue::Text(v.clone())
                }
            }));
            tx.execute(&sql, params_from_iter(args))?;
        }
        let (now, _) = crate::clock::now();
        let lines_changed = write_side_values(&tx, resource, id, input, &now)?;
        if !others_changed && !lines_changed {
            // Dropped, the transaction rolls back (nothing was written anyway).
            return Ok(Updated::Unchanged);
        }
        tx.commit()?;
        Ok(Updated::Changed)
    }

    /// Removes a row with its lists, custom fields and attachments; `false` if it did not
    /// exist or, with `newest_only`, was not the newest (the highest id), checked in the same
    /// statement so that a create in between cannot make another row's delete pass.
    pub fn delete(&self, resource: Resource, id: i64, newest_only: bool) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let (table, id_field) = (table(resource), resource.id_field());
        let newest = match newest_only {
            true => format!(" AND \"{id_field}\" = (SELECT MAX(\"{id_field}\") FROM \"{table}\")"),
            false => String::new(),
        };
        let sql = format!("DELETE FROM \"{table}\" WHERE \"{id_field}\" = ?1{newest}");
        let removed = tx.execute(&sql, [id])? > 0;
        if !removed {
            return Ok(false);
        }
        for side in ["list_values", "custom_values", "attachments", "itemable"] {
            tx.execute(
                &format!("DELETE FROM {side} WHERE resource = ?1 AND record_id = ?2"),
                params![resource.segment(), id],
            )?;
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Whether `number` is taken in the year of `date` (`YYYY-MM-DD`) by a row other than
    /// `id` (an update's row, which keeps its own number, and whose date counts when none is
    /// sent), leading zeros aside, as the CRM's number callbacks check it. No date: not taken
    /// (PHP reads an empty date as 1970).
    pub(crate) fn number_taken(
        &self,
        resource: Resource,
        unique: UniqueInYear,
        id: Option<i64>,
        number: &str,
        date: Option<&str>,
    ) -> Result<bool, StoreError> {
        let conn = self.conn();
        let (table, id_field) = (table(resource), resource.id_field());
        let UniqueInYear {
            field,
            date: date_field,
        } = unique;
        let number = number.trim().trim_start_matches('0');
        let mut date = date.map(str::to_owned);
        if let Some(id) = id {
            let sql =
                format!("SELECT \"{field}\", \"{date_field}\" FROM \"{table}\" WHERE \"{id_field}\" = ?1");
            let original: Option<(Option<String>, Option<String>)> = conn
                .query_row(&sql, [id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            if let Some((kept, kept_date)) = original {
                if kept.as_deref().map(|k| k.trim().trim_start_matches('0')) == Some(number) {
                    return Ok(false);
                }
                date = date.or(kept_date);
            }
        }
        let Some(year) = date.as_deref().and_then(|d| d.get(..4)) else {
            return Ok(false);
        };
        let sql = format!(
            "SELECT COUNT(*) FROM \"{table}\" WHERE ltrim(trim(\"{field}\"), '0') = ?1 AND substr(\"{date_field}\", 1, 4) = ?2"
        );
        let taken: i64 = conn.query_row(&sql, params![number, year], |row| row.get(0))?;
        Ok(taken > 0)
    }

    /// The bytes of every attachment stored (the cap of `Limits::max_attachment_bytes`).
    pub fn attachment_bytes(&self) -> Result<u64, StoreError> {
        let sum: i64 = self.conn().query_row(
            "SELECT COALESCE(SUM(length(content)), 0) FROM attachments",
            [],
            |row| row.get(0),
        )?;
        Ok(sum.max(0) as u64)
    }
}

/// One row, if it exists.
fn get(conn: &Connection, resource: Resource, id: i64) -> Result<Option<Value>, StoreError> {
    let clause = format!("\"{}\" = ?1", resource.id_field());
    Ok(select(conn, resource, &clause, &[SqlValue::Integer(id)])?
        .into_iter()
        .next())
}

/// The rows matching a clause, as JSON objects, with their side values.
fn select(
    conn: &Connection,
    resource: Resource,
    clause: &str,
    args: &[SqlValue],
) -> Result<Vec<Value>, StoreError> {
    select_ordered(
        conn,
        resource,
        clause,
        args,
        &format!("ORDER BY {}", list_order(resource)),
    )
}

/// The order lists come in, as the CRM's models sort them (`crm.rs`).
fn list_order(resource: Resource) -> &'static str {
    crm::of(resource).order
}

/// The column values of `input` as stored: `crm.rs`'s `hashed` columns as bcrypt hashes
/// (left out when blank).
fn stored_columns(resource: Resource, input: &Input) -> Result<Vec<(&'static str, String)>, StoreError> {
    let hashed = crm::of(resource).hashed;
    let mut out = Vec::with_capacity(input.columns.len());
    for (name, value) in &input.columns {
        if !hashed.contains(name) {
            out.push((*name, value.clone()));
        } else if !value.trim().is_empty() {
            let hash = bcrypt::hash(value.trim(), crm::HASH_COST).map_err(|e| StoreError(e.to_string()))?;
            out.push((*name, hash));
        }
    }
    Ok(out)
}

/// The rows matching a clause, in the order and page `tail` gives (`ORDER BY ... LIMIT ...`).
fn select_ordered(
    conn: &Connection,
    resource: Resource,
    clause: &str,
    args: &[SqlValue],
    tail: &str,
) -> Result<Vec<Value>, StoreError> {
    let cols = columns(resource);
    let sql = format!(
        "SELECT {} FROM \"{}\" WHERE {clause} {tail}",
        quoted(&cols),
        table(resource)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = Map::new();
        for (i, col) in cols.iter().enumerate() {
            object.insert((*col).to_owned(), sql_to_json(row.get::<_, SqlValue>(i)?));
        }
        out.push(object);
    }
    drop(rows);
    drop(stmt);
    let mut values = Vec::with_capacity(out.len());
    for mut object in out {
        let id = object
            .get(resource.id_field())
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default();
        add_side_values(conn, resource, id, &mut object)?;
        values.push(Value::Object(object));
    }
    Ok(values)
}

/// A value as MySQL sends it: text, or null.
fn sql_to_json(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(n) => Value::String(n.to_string()),
        SqlValue::Real(x) => Value::String(x.to_string()),
        SqlValue::Text(t) => Value::String(t),
        SqlValue::Blob(b) => Value::String(String::from_utf8_lossy(&b).into_owned()),
    }
}

/// The 3.x date filter as a clause on the resource's creation column.
fn created_clause(resource: Resource, query: &PageQuery) -> (String, Vec<SqlValue>) {
    let column = crm::of(resource).created;
    let mut parts = vec!["1 = 1".to_owned()];
    let mut args = Vec::new();
    if let Some(after) = &query.created_after {
        args.push(SqlValue::Text(after.clone()));
        parts.push(format!("\"{column}\" >= ?{}", args.len()));
    }
    if let Some(before) = &query.created_before {
        // A date alone takes in the whole day.
        let bound = if before.len() == 10 {
            format!("{before} 23:59:59")
        } else {
            before.clone()
        };
        args.push(SqlValue::Text(bound));
        parts.push(format!("\"{column}\" <= ?{}", args.len()));
    }
    (parts.join(" AND "), args)
}

fn quoted(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `%`, `_` and the escape character itself match only themselves.
pub(crate) fn escape_like(keyword: &str) -> String {
    let mut out = String::with_capacity(keyword.len());
    for c in keyword.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn create_schema(conn: &Connection) -> Result<(), StoreError> {
    let mut sql = String::new();
    for resource in Resource::ALL {
        let cols = columns(resource);
        let rest = cols[1..]
            .iter()
            .map(|c| format!("\"{c}\" TEXT"))
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS \"{t}\" (\"{}\" INTEGER PRIMARY KEY AUTOINCREMENT, {rest}, _seq INTEGER NOT NULL);
             CREATE INDEX IF NOT EXISTS \"{t}_seq\" ON \"{t}\" (_seq);\n",
            cols[0],
            t = table(resource),
        ));
        if list_order(resource) != "_seq" {
            // A page walks this index instead of sorting the whole table for each request.
            sql.push_str(&format!(
                "CREATE INDEX IF NOT EXISTS \"{t}_list\" ON \"{t}\" ({});\n",
                list_order(resource),
                t = table(resource),
            ));
        }
    }
    sql.push_str(
        "CREATE TABLE IF NOT EXISTS list_values (resource TEXT NOT NULL, record_id INTEGER NOT NULL,
            field TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL);
         CREATE INDEX IF NOT EXISTS list_values_record ON list_values (resource, record_id);
         CREATE TABLE IF NOT EXISTS custom_values (resource TEXT NOT NULL, record_id INTEGER NOT NULL,
            fieldto TEXT NOT NULL, field_id TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (resource, record_id, fieldto, field_id));
         CREATE TABLE IF NOT EXISTS attachments (id INTEGER PRIMARY KEY AUTOINCREMENT,
            resource TEXT NOT NULL, record_id INTEGER NOT NULL, file_name TEXT NOT NULL,
            filetype TEXT NOT NULL, content BLOB NOT NULL, dateadded TEXT NOT NULL);
         CREATE INDEX IF NOT EXISTS attachments_record ON attachments (resource, record_id);
         CREATE TABLE IF NOT EXISTS itemable (id INTEGER PRIMARY KEY AUTOINCREMENT,
            resource TEXT NOT NULL, record_id INTEGER NOT NULL, description TEXT NOT NULL,
            long_description TEXT NOT NULL, qty TEXT NOT NULL, rate TEXT NOT NULL, unit TEXT NOT NULL,
            item_order TEXT NOT NULL);
         CREATE INDEX IF NOT EXISTS itemable_record ON itemable (resource, record_id);",
    );
    conn.execute_batch(&sql)?;
    // A database made by an older sandbox lacks columns: say so rather than fail later.
    for resource in Resource::ALL {
        let probe = format!(
            "SELECT {} FROM \"{}\" LIMIT 0",
            quoted(&columns(resource)),
            table(resource)
        );
        conn.prepare(&probe).map_err(|e| {
            StoreError(format!(
                "the database was made by an older pmp-sandbox ({e}): delete the file to start again"
            ))
        })?;
    }
    Ok(())
}

fn insert_row(
    conn: &Connection,
    resource: Resource,
    names: &[&str],
    mut values: Vec<SqlValue>,
) -> Result<i64, StoreError> {
    let placeholders = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO \"{t}\" ({cols}{sep}_seq) VALUES ({ph}{sep}(SELECT IFNULL(MAX(_seq), 0) + 1 FROM \"{t}\"))",
        t = table(resource),
        cols = quoted(names),
        ph = placeholders.join(", "),
        sep = if names.is_empty() { "" } else { ", " },
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.drain(..)))?;
    Ok(conn.last_insert_rowid())
}

/// Writes the lists, custom fields, lines and attachments of a row; `true` if a line changed.
fn write_side_values(
    conn: &Connection,
    resource: Resource,
    id: i64,
    input: &Input,
    now: &str,
) -> Result<bool, StoreError> {
    let res = resource.segment();
    for (field, items) in &input.lists {
        conn.execute(
            "DELETE FROM list_values WHERE resource = ?1 AND record_id = ?2 AND field = ?3",
            params![res, id, field],
        )?;
        for (position, value) in items.iter().enumerate() {
            conn.execute(
                "INSERT INTO list_values (resource, record_id, field, position, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![res, id, field, position as i64, value],
            )?;
        }
    }
    for ((fieldto, field_id), value) in &input.custom {
        conn.execute(
            "INSERT OR REPLACE INTO custom_values (resource, record_id, fieldto, field_id, value)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![res, id, fieldto, field_id, value],
        )?;
    }
    let lines_changed = write_lines(conn, res, id, input)?;
    for file in &input.files {
        conn.execute(
            "INSERT INTO attachments (resource, record_id, file_name, filetype, content, dateadded)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![res, id, file.file_name, file.file_type, &file.bytes[..], now],
        )?;
    }
    Ok(lines_changed)
}

/// The lines of a sales document: new ones added, kept ones (by `itemid`, if the document's)
/// changed, removed ones deleted. `true` if any stored line changed.
fn write_lines(conn: &Connection, res: &str, id: i64, input: &Input) -> Result<bool, StoreError> {
    let mut changed = 0;
    for removed in &input.removed_lines {
        changed += conn.execute(
            "DELETE FROM itemable WHERE resource = ?1 AND record_id = ?2 AND id = ?3",
            params![res, id, removed],
        )?;
    }
    for line in &input.lines {
        let [a, b, c, d, e, f] = &line.values;
        changed += match line.itemid {
            Some(itemid) => conn.execute(
                "UPDATE itemable SET description = ?4, long_description = ?5, qty = ?6, rate = ?7,
                 unit = ?8, item_order = ?9 WHERE resource = ?1 AND record_id = ?2 AND id = ?3
                 AND NOT (description = ?4 AND long_description = ?5 AND qty = ?6 AND rate = ?7
                 AND unit = ?8 AND item_order = ?9)",
                params![res, id, itemid, a, b, c, d, e, f],
            )?,
            None => conn.execute(
                "INSERT INTO itemable (resource, record_id, description, long_description, qty, rate,
                 unit, item_order) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![res, id, a, b, c, d, e, f],
            )?,
        };
    }
    Ok(changed > 0)
}

/// Lists, custom fields and attachments of a row, added to its JSON object.
fn add_side_values(
    conn: &Connection,
    resource: Resource,
    id: i64,
    object: &mut Map<String, Value>,
) -> Result<(), StoreError> {
    let res = resource.segment();
    let mut stmt = conn.prepare_cached(
        "SELECT field, value FROM list_values WHERE resource = ?1 AND record_id = ?2 ORDER BY field, position",
    )?;
    let mut rows = stmt.query(params![res, id])?;
    while let Some(row) = rows.next()? {
        let (field, value): (String, String) = (row.get(0)?, row.get(1)?);
        let slot = object.entry(field).or_insert_with(|| Value::Array(Vec::new()));
        // A list the CRM keeps in a column of its own (an invoice's payment modes) is stored
        // here: the column's own value is never set.
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        if let Value::Array(items) = slot {
            items.push(Value::String(value));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT fieldto, field_id, value FROM custom_values WHERE resource = ?1 AND record_id = ?2",
    )?;
    let mut rows = stmt.query(params![res, id])?;
    let mut custom = Map::new();
    while let Some(row) = rows.next()? {
        let (fieldto, field_id, value): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let ids = custom.entry(fieldto).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(ids) = ids {
            ids.insert(field_id, Value::String(value));
        }
    }
    if !custom.is_empty() {
        object.insert("custom_fields".to_owned(), Value::Object(custom));
    }
    if input_fields(resource)
        .iter()
        .any(|f| f.kind == FieldKind::NewLines)
    {
        object.insert(
            "items".to_owned(),
            Value::Array(stored_lines(conn, resource, id)?),
        );
    }
    if input_fields(resource).iter().any(|f| f.kind == FieldKind::Files) {
        let mut stmt = conn.prepare_cached(
            "SELECT id, file_name, filetype, length(content), dateadded FROM attachments
             WHERE resource = ?1 AND record_id = ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![res, id])?;
        let mut files = Vec::new();
        while let Some(row) = rows.next()? {
            let (file_id, name, kind, size, added): (i64, String, String, i64, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
            files.push(serde_json::json!({
                "id": file_id.to_string(),
                "rel_id": id.to_string(),
                "file_name": name,
                "filetype": kind,
                "filesize": size.to_string(),
                "dateadded": added,
            }));
        }
        object.insert("attachments".to_owned(), Value::Array(files));
    }
    Ok(())
}

/// A document's lines as the module answers them (`itemable` rows, every value a string).
fn stored_lines(conn: &Connection, resource: Resource, id: i64) -> Result<Vec<Value>, StoreError> {
    let res = resource.segment();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, {} FROM itemable WHERE resource = ?1 AND record_id = ?2 ORDER BY CAST(item_order AS INTEGER), id",
        LINE_COLUMNS.join(", ")
    ))?;
    let mut rows = stmt.query(params![res, id])?;
    let mut lines = Vec::new();
    while let Some(row) = rows.next()? {
        let mut line = Map::new();
        line.insert("id".to_owned(), Value::String(row.get::<_, i64>(0)?.to_string()));
        line.insert("rel_id".to_owned(), Value::String(id.to_string()));
        // The CRM's `rel_type` is the singular: `invoice`, `estimate`.
        let rel_type = res.strip_suffix('s').unwrap_or(res);
        line.insert("rel_type".to_owned(), Value::String(rel_type.to_owned()));
        for (i, column) in LINE_COLUMNS.iter().enumerate() {
            line.insert((*column).to_owned(), Value::String(row.get(i + 1)?));
        }
        lines.push(Value::Object(line));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::parse_urlencoded;
    use pmp_core::Operation;

    #[test]
    fn like_metacharacters_match_themselves() {
        let store = Store::open(":memory:", Module::V3).unwrap();
        for company in ["100% pure", "a_b", "axb", "back\\slash"] {
            let form = parse_urlencoded(format!("company={}", company.replace('%', "%25")).as_bytes());
            let input =
                crate::input::check(Module::V3, Resource::Customers, Operation::Create, &form).unwrap();
            store.insert(Resource::Customers, &input).unwrap();
        }
        let found = |k: &str| store.search(Resource::Customers, k).unwrap().len();
        assert_eq!(found("%"), 1);
        assert_eq!(found("_"), 1);
        assert_eq!(found("\\"), 1);
        assert_eq!(found("' OR 1=1 --"), 0);
        assert_eq!(found("a"), 3);
    }

    #[test]
    fn counts_follow_every_write_of_any_connection() {
        let path = std::env::temp_dir().join(format!("pmp-sandbox-counts-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let path_text = path.to_str().unwrap();
        let store = Store::open(path_text, Module::V3).unwrap();
        let all = PageQuery::default();
        let form = parse_urlencoded(b"company=A");
        let input = crate::input::check(Module::V3, Resource::Customers, Operation::Create, &form).unwrap();
        assert_eq!(store.count(Resource::Customers, &all).unwrap(), 0);
        let id = store.insert(Resource::Customers, &input).unwrap();
        assert_eq!(store.count(Resource::Customers, &all).unwrap(), 1);
        assert_eq!(store.count(Resource::Leads, &all).unwrap(), 0);
        let other = Store::open(path_text, Module::V3).unwrap();
        other.insert(Resource::Customers, &input).unwrap();
        assert_eq!(
            store.count(Resource::Customers, &all).unwrap(),
            2,
            "another connection's insert"
        );
        assert!(store.delete(Resource::Customers, id, false).unwrap());
        assert_eq!(store.count(Resource::Customers, &all).unwrap(), 1);
        drop((store, other));
        for tail in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path_text}{tail}"));
        }
    }

    #[test]
    fn updates_report_no_change_and_lists_are_kept() {
        let store = Store::open(":memory:", Module::V3).unwrap();
        let form = parse_urlencoded(b"company=A&groups_in[]=1&groups_in[]=4");
        let input = crate::input::check(Module::V3, Resource::Customers, Operation::Create, &form).unwrap();
        let id = store.insert(Resource::Customers, &input).unwrap();
        let row = store.get(Resource::Customers, id).unwrap().unwrap();
        assert_eq!(row["groups_in"], serde_json::json!(["1", "4"]));
        assert_eq!(row["active"], "1");
        assert_eq!(
            store.update(Resource::Customers, id, &input).unwrap(),
            Updated::Unchanged
        );
        let form = parse_urlencoded(b"company=B");
        let input = crate::input::check(Module::V3, Resource::Customers, Operation::Update, &form).unwrap();
        assert_eq!(
            store.update(Resource::Customers, id, &input).unwrap(),
            Updated::Changed
        );
        assert_eq!(
            store.update(Resource::Customers, id + 1, &input).unwrap(),
            Updated::Missing
        );
        assert!(store.delete(Resource::Customers, id, false).unwrap());
        assert!(!store.delete(Resource::Customers, id, false).unwrap());
    }

    /// A delete of the newest row only removes a row that is the newest when it runs.
    #[test]
    fn newest_only_deletes_the_highest_id_alone() {
        let store = Store::open(":memory:", Module::V3).unwrap();
        let insert = |company: &str| {
            let form = parse_urlencoded(format!("company={company}").as_bytes());
            let input =
                crate::input::check(Module::V3, Resource::Customers, Operation::Create, &form).unwrap();
            store.insert(Resource::Customers, &input).unwrap()
        };
        let older = insert("A");
        let newer = insert("B");
        assert!(!store.delete(Resource::Customers, older, true).unwrap());
        assert!(
            store.get(Resource::Customers, older).unwrap().is_some(),
            "an older row stays"
        );
        assert!(store.delete(Resource::Customers, newer, true).unwrap());
        // Now the newest.
        assert!(store.delete(Resource::Customers, older, true).unwrap());
    }
}
