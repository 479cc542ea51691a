DROP TABLE department;
DROP TABLE web_sessions;
DROP TABLE users;
