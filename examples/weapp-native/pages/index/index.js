// 首页. Pages are built with Component() (supported by WeChat since base library 1.6.3):
// the same constructor as Fankui's components, and what miniprogram-simulate can load.
Component({});
