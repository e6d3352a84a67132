# Spanish writes month and weekday names in lowercase: "b" (dic), never "M" (Django's "M"
# title-cases: "Dic"). See core/formats/en/formats.py for what each name is for.
DAY_FORMAT = r"l j \d\e F"  # lunes 7 de diciembre
SHORT_DAY_FORMAT = "D j b"  # lun 7 dic
LONG_DAY_FORMAT = r"l j \d\e F \d\e Y"  # lunes 7 de diciembre de 2026
