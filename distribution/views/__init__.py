"""distribution's pages, one module per screen group: serves (the table and its volunteers),
setup (sites, schedules, bag types), stock, money, deliveries (the lead's board) and runs
(the driver's phone and run sheet)."""
