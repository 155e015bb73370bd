"""The acting user, the roles and their labels, and role checks. Roles are checked in services,
not only in the UI; the application workflow (app.domain.workflow) takes the same Actor."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import PermissionDenied

# every role with its label, the one table screens, forms and messages take labels from
ROLE_LABELS: dict[str, str] = {"clerk": "经办人", "reviewer": "审核人", "admin": "管理员", "county": "县级民政",
                                "county_clerk": "县级经办人", "county_reviewer": "县级审核人"}
# the roles a township user account may hold, with their labels from the table above
ROLES: dict[str, str] = {role: ROLE_LABELS[role] for role in ("clerk", "reviewer", "admin")}
COUNTY = "county"  # the county's civil affairs bureau: its decisions arrive in batches, it has no account
CLERK_ROLES = tuple(ROLES)  # registry work: anyone in the office


@dataclass(frozen=True)
class Actor:
    user_id: int  # 0 for the county, which has no account here
    name: str
    role: str  # one of ROLE_LABELS

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @classmethod
    def county(cls, name: str) -> Actor:
        """The county taking a decision it sent in a batch, named as the township records it."""
        return cls(user_id=0, name=f"县级民政（{name}）"[:50], role=COUNTY)


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless the actor has one of `roles`."""
    if actor.role not in roles:
        wanted = "、".join(ROLE_LABELS.get(r, r) for r in roles)
        raise PermissionDenied(f"{actor.name}（{actor.role_label}）不能执行此操作，需要{wanted}角色")
