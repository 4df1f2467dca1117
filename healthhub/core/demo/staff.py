"""Demo staff: one account per role, each with a confirmed authenticator so two-factor sign-in works.

The demo password is published (it is printed by load_demo_data), so these accounts only exist
where HEALTHHUB_DEBUG is true; `demo_code` prints the current code of a demo account's device.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import Role, User
from healthhub.core.audit import Actor

DEMO_PASSWORD = "hub-demo-password-2025"  # noqa: S105 - published on purpose: demo accounts, DEBUG only
DEMO_DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    first_name: str
    last_name: str
    role: str
    # "hub", "icb", or the PCN whose largest practice this person works at.
    works_at: str


DEMO_STAFF = (
    DemoStaff("admin.amira", "Amira", "Khan", Role.HUB_ADMINISTRATOR, "hub"),
    DemoStaff("nurse.nina", "Nina", "Okafor", Role.TRIAGE_NURSE, "hub"),
    DemoStaff("nurse.tom", "Tom", "Walsh", Role.TRIAGE_NURSE, "hub"),
    DemoStaff("gp.grace", "Grace", "Mensah", Role.GP, "hub"),
    DemoStaff("director.david", "David", "Lee", Role.CLINICAL_DIRECTOR, "hub"),
    DemoStaff("practice.strood", "Sam", "Patel", Role.PRACTICE_STAFF, "STROOD PCN"),
    DemoStaff("practice.peninsula", "Jo", "Brown", Role.PRACTICE_STAFF, "MEDWAY PENINSULA PCN"),
    DemoStaff("analyst.ian", "Ian", "Clarke", Role.ICB_ANALYST, "icb"),
)
DEMO_USERNAMES = frozenset(person.username for person in DEMO_STAFF)
# Who takes on the hub's requests, and how often (3 WTE nurses, 1 WTE GP, the clinical director a little).
CLINICIAN_SHARES = {"nurse.nina": 35, "nurse.tom": 35, "gp.grace": 22, "director.david": 8}


def ensure_demo_staff(hub, practice_for_pcn: dict) -> dict[str, User]:
    """Create or refresh every demo account; an existing device keeps its key, so enrolled apps still work."""
    users = {}
    # The password is published, so one (deliberately slow) hash can serve every demo account.
    password_hash = make_password(DEMO_PASSWORD)
    for person in DEMO_STAFF:
        user = User.objects.filter(username=person.username).first() or User(username=person.username)
        user.first_name, user.last_name, user.role = person.first_name, person.last_name, person.role
        user.hub = hub if person.works_at == "hub" else None
        user.practice = practice_for_pcn.get(person.works_at)
        user.is_active = True
        user.password = password_hash
        user.save()
        device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
        if device is None:
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
        elif not device.confirmed:
            device.confirmed = True
            device.save()
        users[person.username] = user
    return users


def organisation_of(user: User) -> str:
    if user.hub_id:
        return user.hub.name
    if user.practice_id:
        return f"{user.practice.display_name} ({user.practice.ods_code})"
    return "NHS Kent and Medway ICB"


def actor_for(user: User) -> Actor:
    return Actor.staff(user)


def demo_device(username: str) -> TOTPDevice | None:
    """The demo authenticator of a demo account; None for anyone else."""
    if username not in DEMO_USERNAMES:
        return None
    return TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME, confirmed=True).first()


def current_code(device: TOTPDevice, now: float | None = None) -> str:
    """The code the sign-in page will accept now: a code is good once, so after a sign-in in this
    30-second step, give the next step's code (still within the device's tolerance)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if now is not None:
        clock.time = now
    step = max(clock.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
