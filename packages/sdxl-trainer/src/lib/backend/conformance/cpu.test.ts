import { describeBackendConformance } from '../../../test-support/describe-backend-conformance.js';

describeBackendConformance('cpu');
