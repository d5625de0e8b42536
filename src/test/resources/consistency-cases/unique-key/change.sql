UPDATE t SET v = -1 WHERE code = 'c0175';
UPDATE t SET note = 'drift' WHERE code = 'c0350';
DELETE FROM t WHERE code = 'c0001';
