//! The `dispatch` binary of the db-backup charm.

charm_runtime::main!(db_backup::DbBackup);
