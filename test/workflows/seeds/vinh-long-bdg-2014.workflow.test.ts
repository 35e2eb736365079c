// plans/vinh-long-bdg-2014.yaml lived through in the time-skipping server (see test/support/seed-year.ts).
import { liveThroughSeedYears } from '../../support/seed-year';

liveThroughSeedYears('vinh-long-bdg-2014.yaml');
