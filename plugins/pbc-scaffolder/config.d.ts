export interface Config {
  /** Configuration of the PBC scaffolder actions (pbc:*). */
  pbcScaffolder?: {
    /** pbc:publish:local, the publisher of the embedded default. */
    localPublish?: {
      /**
       * Allow pbc:publish:local and `file` catalog locations for its repositories. Default false;
       * true only for the embedded default, never in production.
       */
      enabled?: boolean;
      /**
       * Directory holding one git repository per generated PBC, relative to the backend's
       * working directory. Default `../../.tooling/data/repos`.
       */
      directory?: string;
      /** Branch of the initial commit. Default `main`. */
      defaultBranch?: string;
    };
    /** pbc:infrastructure:render's bound on concurrent renders (in worker threads), dry runs included. */
    render?: {
      /** Renders (CDK synthesis, checks, cfn-lint) at once. Default: CPU cores minus one, at least 1. */
      maxConcurrent?: number;
      /** Renders that may wait for a slot; more are refused with "busy, try again". Default 4. */
      maxQueued?: number;
    };
    /** cfn-lint, run by pbc:infrastructure:render on the generated templates. */
    cfnLint?: {
      /** Command name on PATH or absolute path of cfn-lint. Default `cfn-lint`. */
      executable?: string;
    };
  };
}
