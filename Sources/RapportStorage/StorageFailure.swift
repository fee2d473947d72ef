import Foundation
import GRDB
import RapportCore

/// What a client is told when SQLite itself refuses a statement: a stable reason for the
/// failures a client can act on, instead of a bare internal error.
enum StorageFailure {
    /// `error` as a ``RapportError`` when it is one of SQLite's failures a client can act on;
    /// any other error as it is.
    static func clientFacing(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_FULL:
            return RapportError(.unavailable, "the disk is full; nothing was written, retry once space is freed")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return RapportError(.unavailable, "the database is busy; retry")
        case .SQLITE_READONLY:
            return RapportError(.readOnly, "the database cannot be written now (read-only file or disk)")
        case .SQLITE_ERROR where error.message == "integer overflow":
            return RapportError(.limitExceeded, "a sum passed the 64-bit integer range", details: ["limit": "int64"])
        default:
            return error
        }
    }
}

/// Files the store creates for itself: the database and its backups are born private to the
/// server's user (mode 0600, narrowed further by the process umask). SQLite gives the log and
/// shared-memory files the database file's mode, so they are private too.
public enum PrivateFile {
    /// Creates an empty file at `path` with mode 0600 unless something already exists there.
    public static func createIfMissing(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw RapportError(.unavailable, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
