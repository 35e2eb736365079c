-- Signed links carry a random nonce stored with the assignment, and revocation draws a new one. Every existing row
-- gets its own nonce (gen_random_uuid() is volatile, so ADD COLUMN evaluates it per row) and keeps accepting the
-- links already sent (linkLegacy true, checked with version equality) until its first revocation. New rows start
-- with linkLegacy false. (No semicolons in these comments: the schema engine splits the script on them.)
ALTER TABLE "Assignment" ADD COLUMN "linkNonce" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text);
ALTER TABLE "Assignment" ADD COLUMN "linkLegacy" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Assignment" ALTER COLUMN "linkLegacy" SET DEFAULT false;
