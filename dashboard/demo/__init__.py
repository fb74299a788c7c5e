"""The demos: the town 女山湖镇 calibrated to its 2018 report, and the larger county and province.

Two engines draw the same kind of history: the town household by household (`generator.DemoTown`,
then `later.LaterTown` to 2025), the county and province a column at a time (`scaled.ScaledDemo`,
then `scaled_later.ScaledLaterDemo` to 2021). Each engine only orders the draws and cuts the
snapshots; the drawing is done per subject of the data contract, one module each, holding the
town's part and the scaled part side by side with the rules and calendars they share:

    areas               villages (and the scaled demos' towns)
    households          households, status and exit, incomes; after the report, the exits to 2020
    members             people: members, life courses, ID numbers
    helpers_and_visits  helpers (帮扶责任人) and their visits
    payments            payments and programs
    loans               loans and their dividends
    trainings           trainings
    plans               targets and village projects
    monitoring          monitoring objects, risks, eliminations, measures (after the report)
    department_records  department records (after the report)
    planted_errors      the town's deliberate data errors for the quality page

Below them: `town` (the town's facts and the report's calibration: parameters, never a second
engine), `people` (names, ID numbers, the life-course rules), `history` (the records both
engines keep, and the snapshot rules they share), `arrays` (columns as numpy and Arrow arrays).
"""
