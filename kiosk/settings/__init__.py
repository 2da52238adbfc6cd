"""The site configuration: what the kiosk asks, in which languages, and how the centre runs."""

from kiosk.settings.loader import SettingsError, default_site, load_site_file, parse_site
from kiosk.settings.models import SCHEMA_VERSION, SiteConfig

__all__ = [
    "SCHEMA_VERSION",
    "SettingsError",
    "SiteConfig",
    "default_site",
    "load_site_file",
    "parse_site",
]
