// babel-preset-taro compiles the app (TypeScript + React) for every Taro target.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
