/** Every versioned endpoint lives under this prefix; /health and the docs stay outside it. */
export const API_V1 = 'api/v1';
