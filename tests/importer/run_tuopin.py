"""`tuopin` with the import command registered, whether or not dashboard/cli.py lists it yet."""

import sys

from dashboard import cli

if "dashboard.importer_cli" not in cli.COMMAND_MODULES:
    cli.COMMAND_MODULES = (*cli.COMMAND_MODULES, "dashboard.importer_cli")

if __name__ == "__main__":
    sys.exit(cli.main())
