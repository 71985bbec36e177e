/** Label the workshop puts on everything it deploys; learners select on it (`-l`). */
export const CREATED_BY_LABEL = 'app.kubernetes.io/created-by';

/** Value of {@link CREATED_BY_LABEL}. */
export const CREATED_BY_VALUE = 'eks-workshop';

/** `app.kubernetes.io/created-by: eks-workshop`. */
export const CREATED_BY_LABELS: Readonly<Record<string, string>> = { [CREATED_BY_LABEL]: CREATED_BY_VALUE };
