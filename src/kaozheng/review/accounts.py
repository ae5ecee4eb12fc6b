"""Users: names, roles (viewer < reviewer < admin) and argon2 password hashes."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .store import ROLES, Store

__all__ = ["add_user", "list_users", "verify", "hash_password", "ROLES", "can"]

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as much
# time as a wrong password (no user enumeration by timing).
_DUMMY = _hasher.hash("not a password")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def add_user(store_url: str | Path, name: str, role: str, password: str) -> None:
    """Create the user ``name`` (or reset its role and password) in the store at ``store_url``."""
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise ValueError("a user name is 1-100 characters, no spaces")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    store = Store(store_url)
    try:
        store.put_user(name, role, hash_password(password))
    finally:
        store.close()


def list_users(store_url: str | Path) -> list[dict]:
    store = Store(store_url)
    try:
        return store.users()
    finally:
        store.close()


def verify(store: Store, name: str, password: str) -> dict | None:
    """The user record if ``password`` is theirs, else None."""
    user = store.user(name)
    try:
        _hasher.verify(user["password_hash"] if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def can(role: str | None, needed: str) -> bool:
    """Whether ``role`` has at least the rights of ``needed``."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)
