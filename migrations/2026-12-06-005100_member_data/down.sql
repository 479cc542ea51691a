DROP TABLE statement_acknowledgements;
DROP TABLE data_statement;
DROP TABLE member_erasures;
