"""A synthetic DPT (voter list) with planted problems, for demos, tests and benchmarks.

`dpt_generate` writes FILE.csv and, beside it, FILE.truth.csv: every planted problem and
every decoy, one row each. A later audit is scored against the truth file, so the truth is
exact: a row not listed under a category does not have that problem.

How each category is decided (the audit and the tests use the same rules). A row is 16
digits "well formed" when its NIK is exactly 16 ASCII digits.

- NIK_FORMAT: the NIK is empty, 15 or 17 digits, or holds a letter.
- NIK_REGION: a well-formed NIK whose province (digits 1-2) is not one of the 38, whose
  kabupaten (3-4) is 00, or whose kecamatan (5-6) is missing from a kabupaten that is loaded.
- NIK_BIRTHDATE: region fine, the row has a birth date, and digits 7-12 (day, or day + 40,
  month, two-digit year) do not give that date.
- NIK_SEX: region and date fine, the row has a sex, and the +40 rule says the other sex.
- NKK_FORMAT: the NKK is not exactly 16 digits (empty included).
- DUPLICATE_NIK: a well-formed NIK on two or three rows; every row of the group is listed.
  Copies keep the birth date and sex, so they carry no NIK_* problem of their own.
- DUPLICATE_IDENTITY: two rows in the same desa (one family, or two) with different
  well-formed NIKs, the same birth date, and names that fold to the same `name_key` or
  differ in it by one typo (a letter added, dropped or changed, or two neighbours swapped).
  Every other pair of rows in a kecamatan with the same birth date has names further apart.
- UNDERAGE: born on or before voting day, under 17 on it, and STATUS_KAWIN B.
- AGE_IMPLAUSIBLE: born after voting day (never with STATUS_KAWIN B) or older than 110.
  The NIK follows the implausible date, so no NIK_BIRTHDATE. USIA is empty for a birth date
  after voting day.
- INCOMPLETE: NAMA, JENIS_KELAMIN, TANGGAL_LAHIR or ALAMAT empty (exactly one); with no
  date there is no USIA and no date or age check, with no sex no NIK_SEX check.
- TPS_OVER_CAPACITY: a TPS with more voters than the election's maximum; one truth row per
  TPS (tps_key, source_line = its first row).
- FAMILY_SPLIT: one NKK in two TPS of one desa; one truth row per NKK (source_line = the
  family's first row). Families are otherwise never split.

Decoys look suspicious but are clean for every category above:
DECOY_TURNS_17_ON_VOTING_DAY, DECOY_MARRIED_UNDER_17 (16 years old, STATUS_KAWIN S),
DECOY_TWINS (one NKK, same birth date, names far apart) and DECOY_SAME_NAME_BIRTHDATE (same
name and birth date, different NIK, different kecamatan).

A planted row carries one category only. The output is a pure function of the election's
region, voting day and TPS maximum, the voter count, the seed and the problem rate.
"""

from pengawas.dpt.generator.core import GenerateError, GenerateResult, dpt_generate

__all__ = ["GenerateError", "GenerateResult", "dpt_generate"]
