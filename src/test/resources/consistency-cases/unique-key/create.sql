CREATE TABLE t (code VARCHAR(20) NOT NULL, note VARCHAR(20) NULL, v INT NOT NULL, UNIQUE KEY by_note (note), UNIQUE KEY by_code (code));
INSERT INTO t SELECT CONCAT('c', LPAD(n, 4, '0')), NULL, n FROM art32_cases.seq WHERE n <= 350;
