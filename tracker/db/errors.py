"""Errors of the database layer, each with a message fit to show a person."""


class DatabaseError(Exception):
    """A database problem explained in one line."""


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer build of the program."""


class BackupError(DatabaseError):
    """A backup or restore failed; nothing was replaced."""


class RestoreRefused(BackupError):
    """A restore would set aside changes the backup lacks; nothing was replaced."""
