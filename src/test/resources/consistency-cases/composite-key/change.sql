UPDATE t SET v = -1 WHERE a = 0 AND b = 'k1';
UPDATE t SET v = -1 WHERE a = 17 AND b = 'k4';
UPDATE t SET v = -1 WHERE a = 35 AND b = 'k0';
INSERT INTO t VALUES (-1, 'z', 0);
