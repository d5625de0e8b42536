UPDATE small SET msg = NULL WHERE msg = 'm7';
UPDATE big SET msg = 'x' WHERE msg = 'm7';
