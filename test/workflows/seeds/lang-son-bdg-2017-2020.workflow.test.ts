// plans/lang-son-bdg-2017-2020.yaml lived through in the time-skipping server (see test/support/seed-year.ts).
import { liveThroughSeedYears } from '../../support/seed-year';

liveThroughSeedYears('lang-son-bdg-2017-2020.yaml');
