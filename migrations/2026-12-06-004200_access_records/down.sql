DROP TRIGGER access_records_append_only;
DROP TABLE access_records;
