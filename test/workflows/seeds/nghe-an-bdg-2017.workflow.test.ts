// plans/nghe-an-bdg-2017.yaml lived through in the time-skipping server (see test/support/seed-year.ts).
import { liveThroughSeedYears } from '../../support/seed-year';

liveThroughSeedYears('nghe-an-bdg-2017.yaml');
