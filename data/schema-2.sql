-- baseliner session database, version 2: the events' hash chain.
-- hash: SHA-256 over the previous event's hash and this event's body (its
-- fields and the digests of the rows it names, see src/chain.c); sig: the
-- host's ed25519 signature of hash; signer: the host's public key (hex);
-- named: the rows this event seals, with their digests (JSON).
ALTER TABLE event ADD COLUMN named TEXT;
ALTER TABLE event ADD COLUMN hash TEXT;
ALTER TABLE event ADD COLUMN sig TEXT;
ALTER TABLE event ADD COLUMN signer TEXT;
