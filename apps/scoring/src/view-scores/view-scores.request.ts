/** `?period=YYYY-MM` and the trend's `?to=YYYY-MM`; without them, the current month in the mall (the contract, libs/api). */
export { listScoresQuery, scoresQuery, trendQuery } from '@fd/api';
