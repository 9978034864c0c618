-- The `leases` table (0011) was never used: a token refresh is leased on its installation
-- row instead (`refresh_owner`, `refresh_until`; see src/store/refresh.rs).
DROP TABLE IF EXISTS leases;
