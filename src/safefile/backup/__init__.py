"""Encrypted backups: one file, verified, restorable."""

from safefile.backup.core import BackupInfo, make_backup, restore_backup, verify_backup
from safefile.backup.policy import Policy, backup_now, reminder

__all__ = [
    "BackupInfo",
    "Policy",
    "backup_now",
    "make_backup",
    "reminder",
    "restore_backup",
    "verify_backup",
]
