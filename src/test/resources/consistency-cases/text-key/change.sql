UPDATE t SET v = -1 WHERE id = MD5(168);
UPDATE t SET city = 'OSLO' WHERE id = MD5(150);
UPDATE t SET v = -1 WHERE id = MD5(83);
INSERT INTO t VALUES ('0', 'Bergen', 0);
