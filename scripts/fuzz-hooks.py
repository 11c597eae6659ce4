"""Schemathesis hooks for `npm run fuzz`: strategies for the formats of Erkend's OpenAPI document
that a pattern cannot state. Loaded through SCHEMATHESIS_HOOKS by scripts/fuzz.ts."""

import schemathesis
from hypothesis import strategies as st


def company_number(first_digits: str) -> st.SearchStrategy[str]:
    """KBO numbers: 10 digits whose last two are 97 - (the first eight mod 97), in each written form."""

    def write(first: str, rest: int, form: int) -> str:
        base = f"{first}{rest:07d}"
        digits = f"{base}{97 - int(base) % 97:02d}"
        return (digits, f"{digits[:4]}.{digits[4:7]}.{digits[7:]}", f"BE{digits}")[form]

    return st.builds(write, st.sampled_from(first_digits), st.integers(0, 9_999_999), st.integers(0, 2))


schemathesis.openapi.format("enterprise-number", company_number("01"))
schemathesis.openapi.format("establishment-number", company_number("2345678"))

# The addresses zod accepts (z.regexes.email): letters, digits and _'+-. before the @, a domain
# with a top-level name of letters; the document's `email` format alone allows far more.
schemathesis.openapi.format(
    "email",
    st.from_regex(r"\A[A-Za-z0-9_'+-]{1,20}(\.[A-Za-z0-9_'+-]{1,10}){0,2}@[A-Za-z0-9]{1,10}(\.[A-Za-z0-9]{1,10}){0,2}\.[A-Za-z]{2,6}\Z"),
)

# Durations inside the bounds every duration field shares (PT1S to P1Y); each field states its own.
schemathesis.openapi.format(
    "duration",
    st.one_of(
        st.integers(1, 59).map(lambda n: f"PT{n}S"),
        st.integers(1, 365).map(lambda n: f"P{n}D"),
        st.integers(1, 52).map(lambda n: f"P{n}W"),
        st.integers(1, 12).map(lambda n: f"P{n}M"),
        st.just("P1Y"),
    ),
)
