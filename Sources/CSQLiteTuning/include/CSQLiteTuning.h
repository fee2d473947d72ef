#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics for the whole process.
///
/// With them on (the default), every allocation and free inside SQLite takes one global mutex,
/// which the writer and the reader threads then contend for. `sqlite3_config` is variadic, so
/// Swift cannot call it; this wraps the one call. It only works before SQLite initialises
/// (before the first connection opens) and returns `SQLITE_MISUSE` after.
int rapport_sqlite_disable_memory_statistics(void);

/// Lets filenames of the form `file:…?…` carry URI parameters (such as `immutable=1`) for the
/// whole process; GRDB does not pass `SQLITE_OPEN_URI`. The same timing rule applies.
int rapport_sqlite_enable_uri_filenames(void);

#endif
