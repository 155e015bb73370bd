"""The acting user and role checks. Roles are checked in services, not only in the UI."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import PermissionDenied

ROLES = {"clerk": "经办人", "reviewer": "审核人", "admin": "管理员"}


@dataclass(frozen=True)
class Actor:
    user_id: int
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless the actor has one of `roles`."""
    if actor.role not in roles:
        wanted = "、".join(ROLES.get(r, r) for r in roles)
        raise PermissionDenied(f"{actor.name}（{actor.role_label}）不能执行此操作，需要{wanted}角色")


CLERK_ROLES = ("clerk", "reviewer", "admin")  # registry work: anyone in the office
