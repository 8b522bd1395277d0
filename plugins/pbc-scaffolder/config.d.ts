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
    /** cfn-lint, run by pbc:infrastructure:render on the generated templates. */
    cfnLint?: {
      /** Command name on PATH or absolute path of cfn-lint. Default `cfn-lint`. */
      executable?: string;
    };
  };
}
