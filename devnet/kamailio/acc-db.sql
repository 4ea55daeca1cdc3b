-- Yakker devnet PSTN call records (SQLite, WAL). Only Kamailio (acc, dialog-based CDRs) writes it;
-- the provider API reads new rows and turns each into a charge (rate x duration).
-- Tables and versions as Kamailio 5.6 expects them (/usr/share/kamailio/db_sqlite/acc-create.sql),
-- acc_cdrs with the cdr_extra columns of kamailio.cfg.tmpl (callid, src_user, dst_user).
-- kamailio-db-base.sql runs first (WAL and the version table).
CREATE TABLE IF NOT EXISTS acc (
    id INTEGER PRIMARY KEY NOT NULL,
    method VARCHAR(16) DEFAULT '' NOT NULL,
    from_tag VARCHAR(128) DEFAULT '' NOT NULL,
    to_tag VARCHAR(128) DEFAULT '' NOT NULL,
    callid VARCHAR(255) DEFAULT '' NOT NULL,
    sip_code VARCHAR(3) DEFAULT '' NOT NULL,
    sip_reason VARCHAR(128) DEFAULT '' NOT NULL,
    time TIMESTAMP WITHOUT TIME ZONE NOT NULL
);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('acc', 5);
CREATE TABLE IF NOT EXISTS acc_cdrs (
    id INTEGER PRIMARY KEY NOT NULL,
    start_time TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:00' NOT NULL,
    end_time TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:00' NOT NULL,
    duration REAL DEFAULT 0 NOT NULL,
    callid VARCHAR(255) DEFAULT '' NOT NULL,
    src_user VARCHAR(64) DEFAULT '' NOT NULL,
    dst_user VARCHAR(64) DEFAULT '' NOT NULL
);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('acc_cdrs', 2);
CREATE TABLE IF NOT EXISTS missed_calls (
    id INTEGER PRIMARY KEY NOT NULL,
    method VARCHAR(16) DEFAULT '' NOT NULL,
    from_tag VARCHAR(128) DEFAULT '' NOT NULL,
    to_tag VARCHAR(128) DEFAULT '' NOT NULL,
    callid VARCHAR(255) DEFAULT '' NOT NULL,
    sip_code VARCHAR(3) DEFAULT '' NOT NULL,
    sip_reason VARCHAR(128) DEFAULT '' NOT NULL,
    time TIMESTAMP WITHOUT TIME ZONE NOT NULL
);
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('missed_calls', 4);
