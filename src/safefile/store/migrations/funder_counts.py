"""What a funder's report counts (VOCA's PMT, FVPSA): intake answers, anonymous contacts,
shelter stays and unmet requests, and each service type's PMT category.

Intake answers belong to the client's file (ON DELETE CASCADE: they go when the file
is destroyed).  Anonymous contacts and unmet shelter requests belong to no file and
hold no name or number; the retention policy destroys them with the period's counts.
A service type's PMT sub-service (``A1`` … ``E11``) names its category by its letter.

Two indexes keep every report linear in the number of clients (issue 30): the period's
services are read from a covering index in date order, never looked up one row at a
time through the client index (random page reads that made the report grow as N^1.4),
and new files are found by their intake date.
"""

STATEMENTS = [
    "CREATE INDEX services_period ON services(on_date, client_id, type, minutes, voided_at)",
    "CREATE INDEX clients_intake ON clients(intake_date)",
    """CREATE TABLE client_intake (
        client_id  INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        gender     TEXT NOT NULL DEFAULT 'not-asked' CHECK (length(gender) > 0),
        age_band   TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE client_answers (
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        question  TEXT NOT NULL CHECK (question IN ('race-ethnicity', 'victimization', 'special')),
        answer    TEXT NOT NULL CHECK (length(answer) > 0),
        PRIMARY KEY (client_id, question, answer)
    ) WITHOUT ROWID""",
    """CREATE TABLE anonymous_contacts (
        id          INTEGER PRIMARY KEY,
        on_date     TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('hotline', 'walk-in', 'text', 'other')),
        minutes     INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
        referral    TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    )""",
    "CREATE INDEX anonymous_contacts_on ON anonymous_contacts(on_date)",
    """CREATE TABLE anonymous_contact_answers (
        contact_id INTEGER NOT NULL REFERENCES anonymous_contacts(id) ON DELETE CASCADE,
        answer     TEXT NOT NULL CHECK (length(answer) > 0),
        PRIMARY KEY (contact_id, answer)
    ) WITHOUT ROWID""",
    """CREATE TABLE shelter_stays (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        from_date  TEXT NOT NULL,
        to_date    TEXT,
        created_at TEXT NOT NULL,
        CHECK (to_date IS NULL OR to_date >= from_date)
    )""",
    "CREATE INDEX shelter_stays_client ON shelter_stays(client_id, from_date)",
    """CREATE TABLE shelter_unmet (
        id             INTEGER PRIMARY KEY,
        on_date        TEXT NOT NULL,
        household_size INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 30),
        reason         TEXT NOT NULL CHECK (length(reason) > 0),
        created_at     TEXT NOT NULL
    )""",
    """CREATE TABLE survey_counts (
        id         INTEGER PRIMARY KEY,
        on_date    TEXT NOT NULL,
        responses  INTEGER NOT NULL CHECK (responses >= 0),
        safety_yes INTEGER NOT NULL CHECK (safety_yes BETWEEN 0 AND responses),
        resources_yes INTEGER NOT NULL CHECK (resources_yes BETWEEN 0 AND responses),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE service_type_pmt (
        name        TEXT PRIMARY KEY REFERENCES service_types(name) ON UPDATE CASCADE,
        sub_service TEXT NOT NULL CHECK (substr(sub_service, 1, 1) IN ('A', 'B', 'C', 'D', 'E'))
    )""",
]
