-- Yakker devnet store-and-forward database (SQLite, WAL). Only Kamailio (msilo) writes it.
-- Table and version as Kamailio 5.6 expects them (/usr/share/kamailio/db_sqlite/msilo-create.sql).
-- kamailio-db-base.sql runs first (WAL and the version table).
CREATE TABLE IF NOT EXISTS silo (
    id INTEGER PRIMARY KEY NOT NULL,
    src_addr VARCHAR(255) DEFAULT '' NOT NULL,
    dst_addr VARCHAR(255) DEFAULT '' NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(64) DEFAULT '' NOT NULL,
    inc_time INTEGER DEFAULT 0 NOT NULL,
    exp_time INTEGER DEFAULT 0 NOT NULL,
    snd_time INTEGER DEFAULT 0 NOT NULL,
    ctype VARCHAR(32) DEFAULT 'text/plain' NOT NULL,
    body BLOB,
    extra_hdrs TEXT,
    callid VARCHAR(128) DEFAULT '' NOT NULL,
    status INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX IF NOT EXISTS silo_account_idx ON silo (username, domain);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('silo', 8);
