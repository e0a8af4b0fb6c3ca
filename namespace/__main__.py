"""``python -m dealc``: the same as the ``dealc`` command."""

from dealc.compiler.driver.cli import main

main(prog_name="dealc")
