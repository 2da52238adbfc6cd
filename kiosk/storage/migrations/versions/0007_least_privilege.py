"""Least privilege: what kind of site this is, demo accounts, the public views of the queue and
of the change feed, and (PostgreSQL) sign-in functions that never hand out a list of PINs.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

#: The queue as a waiting room may know it: no flags (help language, manual ID check), no
#: visitor language, no outcome.
QUEUE_BOARD = """
CREATE VIEW queue_board AS
SELECT id, prefix, number, service_day, queue_id, case_type, state, priority_class,
       arrived_at, called_at, started_at, ended_at, counter_id, target_counter_id,
       recall_count, version
FROM tickets
"""

#: The changes every screen listens to: tickets, counters, settings (nothing about a case).
PUBLIC_CHANGES = """
CREATE VIEW public_changes AS
SELECT id, action, entity, entity_id, details
FROM audit_log
WHERE entity IN ('ticket', 'counter', 'settings', 'help', 'device', 'alert')
"""

#: A sign-in attempt, counted before the PIN is checked, in one statement: parallel attempts
#: cannot lose a count, and once the limit is reached no hash is handed out any more.
SIGN_IN_BEGIN = """
CREATE FUNCTION kiosk_sign_in_begin(
    p_name text, p_now timestamptz, p_limit integer, p_lock_until timestamptz)
RETURNS TABLE (staff_id integer, role text, secret_hash text, failures integer, demo boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE staff SET
        failed_attempts = (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_attempts END) + 1,
        locked_until = CASE
            WHEN (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_attempts END) + 1 >= p_limit
            THEN p_lock_until ELSE NULL END
    WHERE name = p_name AND active AND (locked_until IS NULL OR locked_until <= p_now)
    RETURNING id, role::text, secret_hash::text, failed_attempts, demo
$$
"""

SIGN_IN_STATE = """
CREATE FUNCTION kiosk_sign_in_state(p_name text, p_now timestamptz)
RETURNS TABLE (staff_id integer, locked boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    SELECT id, (locked_until IS NOT NULL AND locked_until > p_now) FROM staff WHERE name = p_name
$$
"""

SIGN_IN_SUCCEEDED = """
CREATE FUNCTION kiosk_sign_in_succeeded(p_id integer, p_old_hash text, p_new_hash text)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    UPDATE staff SET failed_attempts = 0, locked_until = NULL,
        secret_hash = CASE WHEN p_new_hash IS NOT NULL AND secret_hash = p_old_hash
                           THEN p_new_hash ELSE secret_hash END
    WHERE id = p_id
$$
"""


#: A kiosk replaces its visitor's ticket by a call-back (its own case, recently made), without
#: any right to change cases or tickets in general.
REQUEST_CALLBACK = """
CREATE FUNCTION kiosk_request_callback(
    p_case_id integer, p_phone text, p_window text, p_due timestamptz, p_queue text,
    p_now timestamptz, p_recent timestamptz)
RETURNS TABLE (ticket_id integer, cancelled boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    WITH c AS (
        UPDATE cases SET callback_phone = p_phone, callback_window = p_window,
                         callback_due = p_due, callback_queue = p_queue
        WHERE id = p_case_id AND created_at > p_recent AND callback_done_at IS NULL
        RETURNING cases.ticket_id
    ), t AS (
        UPDATE tickets SET state = 'cancelled', ended_at = p_now, version = version + 1
        WHERE id = (SELECT c.ticket_id FROM c) AND state IN ('waiting', 'transferred')
        RETURNING id
    )
    SELECT c.ticket_id, EXISTS (SELECT 1 FROM t) FROM c
$$
"""

#: A kiosk deletes the face check of a visitor who left without a ticket (never one that
#: belongs to a case), with its media; the deleted media come back for the audit log.
DISCARD_CHECK = """
CREATE FUNCTION kiosk_discard_check(p_id integer)
RETURNS TABLE (media_id integer, kind text)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    WITH gone AS (
        DELETE FROM liveness_checks WHERE id = p_id AND case_id IS NULL
        RETURNING video_id, frame_id
    )
    DELETE FROM media WHERE id IN (
        SELECT video_id FROM gone WHERE video_id IS NOT NULL
        UNION SELECT frame_id FROM gone WHERE frame_id IS NOT NULL)
    RETURNING id, kind::text
$$
"""

FUNCTIONS = {
    "kiosk_sign_in_begin(text, timestamptz, integer, timestamptz)": SIGN_IN_BEGIN,
    "kiosk_sign_in_state(text, timestamptz)": SIGN_IN_STATE,
    "kiosk_sign_in_succeeded(integer, text, text)": SIGN_IN_SUCCEEDED,
    "kiosk_request_callback(integer, text, text, timestamptz, text, timestamptz, timestamptz)": (
        REQUEST_CALLBACK
    ),
    "kiosk_discard_check(integer)": DISCARD_CHECK,
}


def upgrade() -> None:
    op.create_table(
        "site_facts",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute(QUEUE_BOARD)
    op.execute(PUBLIC_CHANGES)
    if op.get_bind().dialect.name == "postgresql":
        for function in FUNCTIONS.values():
            op.execute(function)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION kiosk_sign_in_succeeded(integer, text, text)")
        op.execute("DROP FUNCTION kiosk_sign_in_state(text, timestamptz)")
        op.execute("DROP FUNCTION kiosk_sign_in_begin(text, timestamptz, integer, timestamptz)")
    op.execute("DROP VIEW public_changes")
    op.execute("DROP VIEW queue_board")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("demo")
    op.drop_table("site_facts")
