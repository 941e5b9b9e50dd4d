package com.crmtelephony.support.jobs;

/**
 * What long work reports as it goes. The synchronous form of the same work passes {@link #NONE}.
 * Calls come from the one thread that runs the work.
 */
public interface JobProgress {

    JobProgress NONE = new JobProgress() {
        @Override
        public void total(long total) {
        }

        @Override
        public void done(long done) {
        }

        @Override
        public void error(Object error) {
        }
    };

    /** How many units the work has in all, once it knows. */
    void total(long total);

    /** How many units are done so far. */
    void done(long done);

    /** One more error (a rejected row, a call that could not be stored): any value that serialises to JSON. */
    void error(Object error);
}
