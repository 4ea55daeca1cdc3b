-- Yakker devnet provider database (SQLite, WAL). Written by the provider API (Node), read by Kamailio.
-- Tables and versions as Kamailio 5.6 expects them (/usr/share/kamailio/db_sqlite/*-create.sql).
-- kamailio-db-base.sql runs first (WAL and the version table).
-- Digest credentials: ha1 = MD5(username:domain:password), ha1b = MD5(username@domain:domain:password).
-- The password column stays empty: the plain password is never stored.
CREATE TABLE IF NOT EXISTS subscriber (
    id INTEGER PRIMARY KEY NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(64) DEFAULT '' NOT NULL,
    password VARCHAR(64) DEFAULT '' NOT NULL,
    ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    ha1b VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
);
CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('subscriber', 7);
-- Inter-provider routing until the devnet DNS exists: SIP domain -> "127.0.0.1:<TLS port>".
CREATE TABLE IF NOT EXISTS peer (
    domain VARCHAR(253) PRIMARY KEY NOT NULL,
    target VARCHAR(64) NOT NULL
);
