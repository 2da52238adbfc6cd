"""Least privilege on PostgreSQL: one group role per kind of machine, each allowed only what
that machine does. ``kiosk db roles --print`` shows the SQL, ``--apply`` runs it (again and
again: it is idempotent). A site then gives each machine a login role in its group:

    CREATE ROLE kiosk_3 LOGIN PASSWORD '…' IN ROLE kiosk_visitor;

kiosk_visitor   issues tickets; inserts its visitor's case, answers, agreements, face check and
                media; reads settings and the public queue board. It cannot read cases,
                answers, media or face-check results, nor staff accounts (sign-in goes through
                functions that hand out one account's hash at a time, and count the attempt).
kiosk_display   reads the settings, the public queue board and the public change log. Nothing
                else, and writes nothing.
kiosk_counter   calls and serves tickets, reads cases and their media, reprints, issues tickets
                for visitors at the desk, claims visitors' help requests, and runs the daily
                retention purge.
kiosk_admin     as a counter, and changes settings and staff accounts, exports or erases a
                visitor's data, rotates the media key.
kiosk_owner     owns the tables and functions; only it migrates (``kiosk db upgrade``).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

GROUPS = ("kiosk_visitor", "kiosk_display", "kiosk_counter", "kiosk_admin", "kiosk_owner")

TABLES = (
    "settings_versions",
    "staff",
    "counters",
    "ticket_sequences",
    "tickets",
    "cases",
    "case_answers",
    "acknowledgements",
    "consents",
    "audit_log",
    "site_secrets",
    "print_jobs",
    "media",
    "liveness_checks",
    "retention_runs",
    "site_facts",
    "help_requests",
    "devices",
    "alembic_version",
)
VIEWS = ("queue_board", "public_changes")
FUNCTIONS = (
    "kiosk_sign_in_begin(text, timestamptz, integer, timestamptz)",
    "kiosk_sign_in_state(text, timestamptz)",
    "kiosk_sign_in_succeeded(integer, text, text)",
    "kiosk_request_callback(integer, text, text, timestamptz, text, timestamptz, timestamptz)",
    "kiosk_discard_check(integer)",
    "kiosk_ticket_matches(integer, text)",
)
SIGN_IN = FUNCTIONS[:3]
#: the rows of site_secrets a kiosk needs: the ticket-signing key, the media key's fingerprint
KIOSK_SECRETS = ("ticket_reference", "vault_key_fingerprint")

#: every machine: the settings, what kind of site this is, the board, the public change log
EVERYONE = [
    "GRANT SELECT ON settings_versions, site_facts, alembic_version TO {role}",
    "GRANT SELECT ON queue_board, public_changes TO {role}",
    "GRANT SELECT (id, is_open) ON counters TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON devices TO {role}",
]

VISITOR = [
    "GRANT SELECT, INSERT, UPDATE ON ticket_sequences TO kiosk_visitor",
    "GRANT INSERT ON tickets TO kiosk_visitor",
    "GRANT SELECT (id, number) ON tickets TO kiosk_visitor",
    "GRANT INSERT ON cases, case_answers, acknowledgements, consents TO kiosk_visitor",
    "GRANT SELECT (id) ON acknowledgements, consents TO kiosk_visitor",
    "GRANT SELECT (id, ticket_id, submission_id, case_type) ON cases TO kiosk_visitor",
    "GRANT INSERT ON liveness_checks TO kiosk_visitor",
    "GRANT SELECT (id, case_id), UPDATE (case_id) ON liveness_checks TO kiosk_visitor",
    "GRANT INSERT ON media TO kiosk_visitor",
    "GRANT SELECT (id) ON media TO kiosk_visitor",
    "GRANT INSERT ON audit_log TO kiosk_visitor",
    "GRANT SELECT (id) ON audit_log TO kiosk_visitor",
    "GRANT SELECT, INSERT ON site_secrets TO kiosk_visitor",
    "GRANT INSERT ON print_jobs TO kiosk_visitor",
    "GRANT SELECT (id, ticket_id, reprint, actor, status) ON print_jobs TO kiosk_visitor",
    "GRANT UPDATE (finished_at, status, printer_state, detail) ON print_jobs TO kiosk_visitor",
    "GRANT INSERT ON help_requests TO kiosk_visitor",
    "GRANT SELECT (id, kiosk, status, claimed_by), UPDATE (status, closed_at)"
    " ON help_requests TO kiosk_visitor",
]

COUNTER = [
    "GRANT SELECT, INSERT, UPDATE ON ticket_sequences, tickets, counters TO kiosk_counter",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON cases, case_answers, acknowledgements, consents,"
    " liveness_checks, media, print_jobs TO kiosk_counter",
    "GRANT SELECT, INSERT, DELETE ON audit_log TO kiosk_counter",
    "GRANT SELECT, INSERT ON site_secrets TO kiosk_counter",
    "GRANT SELECT, INSERT, UPDATE ON retention_runs TO kiosk_counter",
    "GRANT SELECT, UPDATE ON help_requests TO kiosk_counter",
]

ADMIN = [
    *(line.replace("kiosk_counter", "kiosk_admin") for line in COUNTER),
    "GRANT SELECT, INSERT ON settings_versions TO kiosk_admin",
    "GRANT SELECT, INSERT, UPDATE ON staff TO kiosk_admin",
    "GRANT UPDATE ON site_secrets TO kiosk_admin",
    "GRANT INSERT ON site_facts TO kiosk_admin",
]


CREATE_GROUP = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
    "THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
)


def statements() -> list[str]:
    """The SQL that sets the groups up (idempotent: roles are created only when missing)."""
    sql: list[str] = []
    for role in GROUPS:  # constant names, never input
        sql.append(CREATE_GROUP.replace("{role}", role))
    sql.append("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    sql.append("GRANT USAGE ON SCHEMA public TO " + ", ".join(GROUPS))
    sql.append("GRANT CREATE ON SCHEMA public TO kiosk_owner")
    for table in (*TABLES, *VIEWS):
        sql.append(f"ALTER TABLE {table} OWNER TO kiosk_owner")
        sql.append(f"REVOKE ALL ON {table} FROM PUBLIC, " + ", ".join(GROUPS[:-1]))
    for function in FUNCTIONS:
        sql.append(f"ALTER FUNCTION {function} OWNER TO kiosk_owner")
        sql.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    sql.append(
        "DO $$ DECLARE s record; BEGIN FOR s IN SELECT sequencename FROM pg_sequences "
        "WHERE schemaname = 'public' LOOP EXECUTE format('ALTER SEQUENCE %I OWNER TO "
        "kiosk_owner', s.sequencename); END LOOP; END $$"
    )
    for role in GROUPS[:-1]:
        sql += [line.format(role=role) for line in EVERYONE]
    sql += VISITOR + COUNTER + ADMIN
    writers = "kiosk_visitor, kiosk_counter, kiosk_admin"
    sql.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {writers}")
    for function in SIGN_IN:
        sql.append(f"GRANT EXECUTE ON FUNCTION {function} TO {writers}")
    for function in FUNCTIONS[3:]:
        sql.append(f"GRANT EXECUTE ON FUNCTION {function} TO {writers}")
    # A kiosk sees (and may create) only the secrets it needs; staff machines see all.
    names = ", ".join(f"'{name}'" for name in KIOSK_SECRETS)
    sql += [
        "ALTER TABLE site_secrets ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS kiosk_secrets ON site_secrets",
        f"CREATE POLICY kiosk_secrets ON site_secrets TO kiosk_visitor "
        f"USING (name IN ({names})) WITH CHECK (name IN ({names}))",
        "DROP POLICY IF EXISTS staff_secrets ON site_secrets",
        "CREATE POLICY staff_secrets ON site_secrets TO kiosk_counter, kiosk_admin "
        "USING (true) WITH CHECK (true)",
    ]
    return sql


def roles_exist(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": list(GROUPS)},
    ).scalar_one()
    return int(found) == len(GROUPS)


def apply(conn: Connection) -> int:
    """Run every statement in ``conn``'s transaction; how many ran."""
    done = statements()
    for statement in done:
        conn.execute(text(statement))
    return len(done)
