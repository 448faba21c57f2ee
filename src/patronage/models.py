"""Every ORM model, imported once so one metadata describes the whole schema."""

from patronage.accounts.data_rights.models import DataRequest
from patronage.accounts.otp.models import OtpChallenge
from patronage.core.columns import Base
from patronage.core.idempotency_models import IdempotencyRecord
from patronage.directory.consent.models import CustomerConsent
from patronage.directory.import_jobs.models import ImportJob, ImportJobFile, ImportJobReject
from patronage.directory.merge.models import CustomerMerge
from patronage.directory.models import (
    Customer,
    CustomerContact,
    CustomerEvent,
    CustomerNameTerm,
)
from patronage.directory.tags.models import CustomerTag, CustomerTagLink
from patronage.identity.auth.models import AuthSession, SignInThrottle
from patronage.identity.invitations.models import StaffInvitation
from patronage.identity.merchants.models import Merchant
from patronage.identity.staff.models import Membership
from patronage.identity.users.models import User
from patronage.messaging.models import OutboxMessage
from patronage.sale.models import SaleOrder, SaleOrderEvent, SaleOrderLine

__all__ = [
    "AuthSession",
    "Base",
    "Customer",
    "CustomerConsent",
    "CustomerContact",
    "CustomerEvent",
    "CustomerMerge",
    "CustomerNameTerm",
    "CustomerTag",
    "CustomerTagLink",
    "DataRequest",
    "IdempotencyRecord",
    "ImportJob",
    "ImportJobFile",
    "ImportJobReject",
    "Membership",
    "Merchant",
    "OtpChallenge",
    "OutboxMessage",
    "SaleOrder",
    "SaleOrderEvent",
    "SaleOrderLine",
    "SignInThrottle",
    "StaffInvitation",
    "User",
]
