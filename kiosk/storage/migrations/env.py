"""Alembic environment: the engine comes from the kiosk (see ``kiosk.storage.migrate``)."""

from alembic import context
from sqlalchemy import text

from kiosk.storage.schema import metadata

engine = context.config.attributes["engine"]
as_role = context.config.attributes.get("as_role")

with engine.connect() as connection:
    if as_role:  # the site's owner role owns what the migrations create
        connection.execute(text(f"SET ROLE {as_role}"))
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
