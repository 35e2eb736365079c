-- user disable: a disabled account signs in no more (its sessions are deleted when it is disabled).
ALTER TABLE "User" ADD COLUMN "disabledAt" TIMESTAMP(3);
