// plans/thua-thien-hue-binh-dang-gioi-2020.yaml lived through in the time-skipping server (see test/support/seed-year.ts).
import { liveThroughSeedYears } from '../../support/seed-year';

liveThroughSeedYears('thua-thien-hue-binh-dang-gioi-2020.yaml');
